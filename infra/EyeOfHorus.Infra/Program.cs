using EyeOfHorus.Infra;

// `npx cdk synth|deploy` runs this (cdk.json). Context: recognition, cameras, faceMatchThreshold,
// alertEmail, videoRetentionHours (see README).
var app = HorusApp.NewApp();
HorusApp.AddStack(app);
app.Synth();

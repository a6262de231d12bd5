using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("EyeOfHorus.Aws.Tests")]

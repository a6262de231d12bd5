using Amazon.CDK;
using Amazon.CDK.AWS.Rekognition;
using Constructs;
using EyeOfHorus.Contract;

namespace EyeOfHorus.Infra;

/// <summary>
/// The Rekognition collection of authorised faces. Deleted with the stack: it holds only face
/// vectors derived from the photos in the (retained) faces bucket, and is billed per stored face.
/// </summary>
public sealed class FaceCollection : Construct
{
    public CfnCollection Collection { get; }
    public string CollectionId => ResourceNames.CollectionId;
    public string Arn => Collection.AttrArn;

    public FaceCollection(Construct scope, string id) : base(scope, id)
    {
        Collection = new CfnCollection(this, "Collection", new CfnCollectionProps { CollectionId = ResourceNames.CollectionId });
        Collection.ApplyRemovalPolicy(RemovalPolicy.DESTROY);
    }
}

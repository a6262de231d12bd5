namespace EyeOfHorus.FaceIndexer;

/// <summary>Lambda entry point (handler <c>EyeOfHorus.FaceIndexer::EyeOfHorus.FaceIndexer.Function::Handle</c>).</summary>
public sealed class Function
{
    public Stream Handle(Stream input) => throw new NotImplementedException("FaceIndexer: see issue 4");
}

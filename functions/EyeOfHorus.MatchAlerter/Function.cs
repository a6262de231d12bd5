namespace EyeOfHorus.MatchAlerter;

/// <summary>Lambda entry point (handler <c>EyeOfHorus.MatchAlerter::EyeOfHorus.MatchAlerter.Function::Handle</c>).</summary>
public sealed class Function
{
    public Stream Handle(Stream input) => throw new NotImplementedException("MatchAlerter: see issue 5");
}

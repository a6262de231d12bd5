using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EyeOfHorus.Aws;

/// <summary>A request as Signature V4 sees it. <see cref="Path"/> is unencoded; <see cref="Query"/> is the text after '?'.</summary>
public sealed record SigV4Request(
    string Method,
    string Path,
    string Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    ReadOnlyMemory<byte> Payload);

/// <summary>The intermediate and final products of signing, and the headers to add to the request.</summary>
public sealed record SigV4Signature(
    string CanonicalRequest,
    string StringToSign,
    string Signature,
    string SignedHeaders,
    string Authorization,
    IReadOnlyList<KeyValuePair<string, string>> AddedHeaders);

/// <summary>A presigned request: the query to send (the request's own parameters, the signing ones and X-Amz-Signature) and how it was signed.</summary>
public sealed record SigV4Presigned(string CanonicalRequest, string StringToSign, string Signature, string Query);

/// <summary>AWS Signature Version 4 (AWS4-HMAC-SHA256): header signing and query-string presigning.</summary>
public static class SigV4
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    private const string AmzDateFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>
    /// Signs <paramref name="request"/>: adds X-Amz-Date (unless present) and, with a session token,
    /// X-Amz-Security-Token (signed), then signs every header of the request.
    /// </summary>
    /// <param name="normalizePath">Remove dot segments and empty segments from the path (every service except S3).</param>
    public static SigV4Signature Sign(
        SigV4Request request, AwsCredentials credentials, string region, string service, DateTimeOffset time, bool normalizePath = true)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(credentials);
        var added = new List<KeyValuePair<string, string>>();
        string? amzDate = Find(request.Headers, "x-amz-date");
        if (amzDate is null)
        {
            amzDate = time.UtcDateTime.ToString(AmzDateFormat, CultureInfo.InvariantCulture);
            added.Add(new("X-Amz-Date", amzDate));
        }
        if (credentials.SessionToken is { } token && Find(request.Headers, "x-amz-security-token") is null)
        {
            added.Add(new("X-Amz-Security-Token", token));
        }
        var headers = request.Headers.Concat(added).ToList();
        string date = amzDate[..8];
        string scope = $"{date}/{region}/{service}/aws4_request";

        (string canonicalRequest, string signedHeaders) = CanonicalRequest(request with { Headers = headers }, signedHeaderNames: null, normalizePath);
        string stringToSign = StringToSign(amzDate, scope, canonicalRequest);
        string signature = Convert.ToHexStringLower(HMACSHA256.HashData(SigningKey(credentials.SecretAccessKey, date, region, service), Encoding.UTF8.GetBytes(stringToSign)));
        string authorization = $"{Algorithm} Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}";
        return new SigV4Signature(canonicalRequest, stringToSign, signature, signedHeaders, authorization, added);
    }

    /// <summary>
    /// Builds the canonical request. With <paramref name="signedHeaderNames"/> (lower case) only those
    /// headers are used (verification); otherwise every header is signed.
    /// </summary>
    /// <param name="payloadHash">Stands for the payload's SHA-256 (S3's <c>UNSIGNED-PAYLOAD</c>).</param>
    public static (string CanonicalRequest, string SignedHeaders) CanonicalRequest(
        SigV4Request request, IReadOnlyCollection<string>? signedHeaderNames = null, bool normalizePath = true, string? payloadHash = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var byName = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach ((string name, string value) in request.Headers)
        {
            string key = name.Trim().ToLowerInvariant();
            if (signedHeaderNames is not null && !signedHeaderNames.Contains(key))
            {
                continue;
            }
            if (!byName.TryGetValue(key, out List<string>? values))
            {
                byName[key] = values = [];
            }
            values.Add(CanonicalHeaderValue(value));
        }
        var builder = new StringBuilder();
        builder.Append(request.Method.ToUpperInvariant()).Append('\n');
        builder.Append(CanonicalUri(request.Path, normalizePath)).Append('\n');
        builder.Append(CanonicalQuery(request.Query)).Append('\n');
        foreach ((string name, List<string> values) in byName)
        {
            builder.Append(name).Append(':').Append(string.Join(',', values)).Append('\n');
        }
        builder.Append('\n');
        string signedHeaders = string.Join(';', byName.Keys);
        builder.Append(signedHeaders).Append('\n');
        builder.Append(payloadHash ?? Convert.ToHexStringLower(SHA256.HashData(request.Payload.Span)));
        return (builder.ToString(), signedHeaders);
    }

    /// <summary>The longest validity a presigned request may ask for (7 days).</summary>
    public static readonly TimeSpan MaxPresignedValidity = TimeSpan.FromDays(7);

    /// <summary>
    /// Presigns <paramref name="request"/> in its query string: X-Amz-Algorithm, -Credential, -Date,
    /// -Expires, -SignedHeaders (every header of the request, at least Host), with a session token
    /// X-Amz-Security-Token, then X-Amz-Signature. Whoever holds the URL can send it until it expires.
    /// </summary>
    /// <param name="validity">Whole seconds from 1 s to 7 days.</param>
    /// <param name="payloadHash">S3 presigned URLs use <c>UNSIGNED-PAYLOAD</c>; default: the payload's SHA-256.</param>
    public static SigV4Presigned Presign(
        SigV4Request request, AwsCredentials credentials, string region, string service, DateTimeOffset time, TimeSpan validity,
        bool normalizePath = true, string? payloadHash = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(credentials);
        if (validity < TimeSpan.FromSeconds(1) || validity > MaxPresignedValidity)
        {
            throw new ArgumentOutOfRangeException(nameof(validity), validity, "A presigned request is valid from 1 second to 7 days.");
        }
        if (Find(request.Headers, "host") is null)
        {
            throw new ArgumentException("A presigned request signs its Host header: the request has none.", nameof(request));
        }
        string amzDate = time.UtcDateTime.ToString(AmzDateFormat, CultureInfo.InvariantCulture);
        string date = amzDate[..8];
        string scope = $"{date}/{region}/{service}/aws4_request";
        string signedHeaders = string.Join(';', request.Headers.Select(h => h.Key.Trim().ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal));
        var parameters = new List<string>
        {
            "X-Amz-Algorithm=" + Algorithm,
            "X-Amz-Credential=" + Encode($"{credentials.AccessKeyId}/{scope}"),
            "X-Amz-Date=" + amzDate,
            "X-Amz-Expires=" + ((long)validity.TotalSeconds).ToString(CultureInfo.InvariantCulture),
        };
        if (credentials.SessionToken is { } token)
        {
            parameters.Add("X-Amz-Security-Token=" + Encode(token));
        }
        parameters.Add("X-Amz-SignedHeaders=" + Encode(signedHeaders));
        string query = string.Join('&', string.IsNullOrEmpty(request.Query) ? parameters : parameters.Prepend(request.Query));

        (string canonicalRequest, _) = CanonicalRequest(request with { Query = query }, signedHeaderNames: null, normalizePath, payloadHash);
        string stringToSign = StringToSign(amzDate, scope, canonicalRequest);
        string signature = Convert.ToHexStringLower(HMACSHA256.HashData(SigningKey(credentials.SecretAccessKey, date, region, service), Encoding.UTF8.GetBytes(stringToSign)));
        return new SigV4Presigned(canonicalRequest, stringToSign, signature, query + "&X-Amz-Signature=" + signature);
    }

    public static string StringToSign(string amzDate, string scope, string canonicalRequest) =>
        $"{Algorithm}\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";

    public static byte[] SigningKey(string secretAccessKey, string date, string region, string service)
    {
        byte[] key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(key, "aws4_request"u8);
    }

    /// <summary>
    /// Server side: recomputes the signature of a received request from its Authorization header
    /// and the secret of the access key it names. Returns null when it matches, else the reason.
    /// </summary>
    public static string? Verify(SigV4Request request, Func<string, string?> secretForAccessKey, string expectedRegion, string expectedService)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(secretForAccessKey);
        string? authorization = Find(request.Headers, "authorization")?.Trim();
        if (authorization is null || !authorization.StartsWith(Algorithm + " ", StringComparison.Ordinal))
        {
            return "no AWS4-HMAC-SHA256 Authorization header";
        }
        var parts = authorization[(Algorithm.Length + 1)..]
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!parts.TryGetValue("Credential", out string? credential) || !parts.TryGetValue("SignedHeaders", out string? signedHeaders) || !parts.TryGetValue("Signature", out string? signature))
        {
            return "Authorization header lacks Credential, SignedHeaders or Signature";
        }
        string[] credentialParts = credential.Split('/');
        if (credentialParts.Length != 5 || credentialParts[4] != "aws4_request")
        {
            return $"malformed credential scope '{credential}'";
        }
        if (credentialParts[2] != expectedRegion || credentialParts[3] != expectedService)
        {
            return $"scope is {credentialParts[2]}/{credentialParts[3]}, expected {expectedRegion}/{expectedService}";
        }
        string? secret = secretForAccessKey(credentialParts[0]);
        if (secret is null)
        {
            return $"unknown access key {credentialParts[0]}";
        }
        string[] signedNames = signedHeaders.Split(';');
        if (!signedNames.Contains("host") || !signedNames.Contains("x-amz-date"))
        {
            return "host and x-amz-date must be signed";
        }
        string? amzDate = Find(request.Headers, "x-amz-date");
        if (amzDate is null || !amzDate.StartsWith(credentialParts[1], StringComparison.Ordinal))
        {
            return "X-Amz-Date missing or not matching the credential scope date";
        }
        (string canonicalRequest, string rebuiltSigned) = CanonicalRequest(request, signedNames);
        if (rebuiltSigned != signedHeaders)
        {
            return $"signed headers {signedHeaders} not all present (found {rebuiltSigned})";
        }
        string scope = string.Join('/', credentialParts[1..]);
        string expected = Convert.ToHexStringLower(HMACSHA256.HashData(
            SigningKey(secret, credentialParts[1], credentialParts[2], credentialParts[3]),
            Encoding.UTF8.GetBytes(StringToSign(amzDate, scope, canonicalRequest))));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature))
            ? null
            : "signature does not match";
    }

    private static string? Find(IReadOnlyList<KeyValuePair<string, string>> headers, string name)
    {
        foreach ((string key, string value) in headers)
        {
            if (string.Equals(key.Trim(), name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }
        return null;
    }

    // Trim, and fold every run of whitespace (including line folds) into one space.
    private static string CanonicalHeaderValue(string value)
    {
        var builder = new StringBuilder(value.Length);
        bool pendingSpace = false;
        foreach (char c in value.Trim())
        {
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                pendingSpace = true;
                continue;
            }
            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }
            builder.Append(c);
        }
        return builder.ToString();
    }

    private static string CanonicalUri(string path, bool normalize)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "/";
        }
        if (normalize)
        {
            var segments = new List<string>();
            foreach (string segment in path.Split('/'))
            {
                if (segment.Length == 0 || segment == ".")
                {
                    continue;
                }
                if (segment == "..")
                {
                    if (segments.Count > 0)
                    {
                        segments.RemoveAt(segments.Count - 1);
                    }
                    continue;
                }
                segments.Add(segment);
            }
            bool trailingSlash = path.EndsWith('/') && segments.Count > 0;
            path = "/" + string.Join('/', segments) + (trailingSlash ? "/" : "");
        }
        return string.Join('/', path.Split('/').Select(Encode));
    }

    private static string CanonicalQuery(string query)
    {
        if (string.IsNullOrEmpty(query))
        {
            return "";
        }
        var pairs = new List<(string Name, string Value)>();
        foreach (string parameter in query.Split('&'))
        {
            if (parameter.Length == 0)
            {
                continue;
            }
            int equals = parameter.IndexOf('=', StringComparison.Ordinal);
            string name = equals < 0 ? parameter : parameter[..equals];
            string value = equals < 0 ? "" : parameter[(equals + 1)..];
            pairs.Add((Encode(Uri.UnescapeDataString(name)), Encode(Uri.UnescapeDataString(value))));
        }
        return string.Join('&', pairs
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Name + "=" + p.Value));
    }

    /// <summary>RFC 3986 percent-encoding of everything but unreserved characters (A-Z a-z 0-9 - _ . ~), upper-case hex.</summary>
    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length);
        foreach (byte b in Encoding.UTF8.GetBytes(value))
        {
            if (b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
        return builder.ToString();
    }
}

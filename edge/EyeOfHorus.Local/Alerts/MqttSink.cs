using System.Text;
using EyeOfHorus.Local.State;
using MQTTnet;
using MQTTnet.Protocol;

namespace EyeOfHorus.Local.Alerts;

/// <summary>
/// Where the MQTT broker is. Credentials come from the config file or the environment, never from
/// the command line (see <see cref="Config.RunConfig"/>).
/// </summary>
public sealed record MqttSettings(Uri Broker, string? Username = null, string? Password = null, string TopicPrefix = "horus", string ClientId = "horus-run")
{
    public bool UseTls => Broker.Scheme.Equals("mqtts", StringComparison.OrdinalIgnoreCase);
    public int Port => Broker.IsDefaultPort || Broker.Port < 0 ? (UseTls ? 8883 : 1883) : Broker.Port;
}

/// <summary>
/// Publishes each alert document with QoS 1 (delivered once the broker acknowledges it) on topics in
/// the style Frigate and Double Take use, so Home Assistant can subscribe:
/// <c>horus/events</c> (every alert), <c>horus/&lt;camera&gt;/&lt;event&gt;</c> and, for a known person,
/// <c>horus/matches/&lt;person&gt;</c>. <c>horus/available</c> is <c>online</c> (retained) while connected and
/// the broker publishes <c>offline</c> (the will) when the connection is lost. Reconnects on the next
/// attempt after a broker restart.
/// </summary>
public sealed class MqttSink(MqttSettings settings, TimeSpan? timeout = null) : IAlertSink
{
    public const string SinkName = "mqtt";
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public string Name => SinkName;

    public string AvailabilityTopic => $"{settings.TopicPrefix}/available";

    /// <summary>The topics one alert is published on.</summary>
    public IReadOnlyList<string> TopicsFor(StoredAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var topics = new List<string> { $"{settings.TopicPrefix}/events", $"{settings.TopicPrefix}/{Segment(alert.Camera)}/{alert.Event}" };
        if (alert.Person is { } person) topics.Add($"{settings.TopicPrefix}/matches/{Segment(person)}");
        return topics;
    }

    /// <summary>MQTT topic levels cannot hold '/', '+' or '#'; names are otherwise kept as they are.</summary>
    public static string Segment(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var sb = new StringBuilder(name.Length);
        foreach (var c in name) sb.Append(c is '/' or '+' or '#' or '\0' ? '_' : c);
        return sb.Length == 0 ? "_" : sb.ToString();
    }

    public async Task<(DeliveryResult Result, string? Error)> DeliverAsync(StoredAlert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(_timeout);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_client.IsConnected) await ConnectAsync(bounded.Token).ConfigureAwait(false);
            var payload = Encoding.UTF8.GetBytes(alert.Document);
            foreach (var topic in TopicsFor(alert))
            {
                var message = new MqttApplicationMessageBuilder()
                    .WithTopic(topic)
                    .WithPayload(payload)
                    .WithContentType("application/json")
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                    .Build();
                var result = await _client.PublishAsync(message, bounded.Token).ConfigureAwait(false);
                if (!result.IsSuccess) return (DeliveryResult.Retry, $"broker answered {result.ReasonCode} on {topic}");
            }
            return (DeliveryResult.Delivered, null);
        }
        // Our time limit, however MQTTnet words it: a CONNECT cut short reads "Error while authenticating. Connection closed.", not a timeout.
        catch (Exception ex) when (ex is OperationCanceledException or MQTTnet.Exceptions.MqttCommunicationException
                                   && bounded.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return (DeliveryResult.Retry, $"broker did not answer within {_timeout.TotalSeconds:0.#} s");
        }
        catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            return (DeliveryResult.Retry, ex.Message);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ConnectAsync(CancellationToken ct)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(settings.Broker.Host, settings.Port)
            .WithClientId(settings.ClientId)
            .WithCleanSession()
            .WithWillTopic(AvailabilityTopic)
            .WithWillPayload("offline"u8.ToArray())
            .WithWillRetain()
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        if (settings.Username is not null) builder.WithCredentials(settings.Username, settings.Password);
        if (settings.UseTls) builder.WithTlsOptions(o => o.UseTls());
        var result = await _client.ConnectAsync(builder.Build(), ct).ConfigureAwait(false);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
            throw new InvalidOperationException($"the broker refused the connection: {result.ResultCode} {result.ReasonString}");
        await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(AvailabilityTopic).WithPayload("online"u8.ToArray())
            .WithRetainFlag().WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), ct).ConfigureAwait(false);
    }

    /// <summary>Says <c>offline</c> and disconnects, giving a broker that stopped answering the same timeout as a delivery
    /// (MQTTnet's own is 100 s, which a Ctrl-C would otherwise wait out); the will says it then.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            using var bounded = new CancellationTokenSource(_timeout);
            try
            {
                await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(AvailabilityTopic).WithPayload("offline"u8.ToArray())
                    .WithRetainFlag().WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), bounded.Token).ConfigureAwait(false);
                await _client.DisconnectAsync(new MqttClientDisconnectOptions(), bounded.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException) { }
        }
        _client.Dispose();
        _gate.Dispose();
    }
}

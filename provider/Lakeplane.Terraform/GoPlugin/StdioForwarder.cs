using System.Text;
using System.Threading.Channels;
using Google.Protobuf;
using Lakeplane.Protos.GoPlugin;

namespace Lakeplane.Terraform.GoPlugin;

/// <summary>
/// After the handshake line, stdout belongs to go-plugin's stdio stream: whatever this process
/// writes to Console.Out is queued here and sent to terraform by <see cref="StdioService"/>,
/// as go-plugin's own servers do, instead of confusing the host's reading of stdout.
/// </summary>
public sealed class StdioForwarder
{
    private readonly Channel<StdioData> _chunks = Channel.CreateUnbounded<StdioData>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<StdioData> Chunks => _chunks.Reader;

    public TextWriter CreateWriter(StdioData.Types.Channel channel) => new ForwardingWriter(this, channel);

    private void Enqueue(StdioData.Types.Channel channel, string text)
    {
        if (text.Length > 0)
        {
            _chunks.Writer.TryWrite(new StdioData { Channel = channel, Data = ByteString.CopyFromUtf8(text) });
        }
    }

    private sealed class ForwardingWriter(StdioForwarder forwarder, StdioData.Types.Channel channel) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => forwarder.Enqueue(channel, value.ToString());

        public override void Write(string? value) => forwarder.Enqueue(channel, value ?? "");

        public override void Write(char[] buffer, int index, int count) => forwarder.Enqueue(channel, new string(buffer, index, count));
    }
}

using System.Net;
using GitOpsAi.Core.Generation;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;

namespace GitOpsAi.Generation.Llm;

/// <summary>
/// A language model behind Semantic Kernel's OpenAI connector (OpenAI, Azure OpenAI's v1 API, or any
/// OpenAI-compatible server). It only proposes text: the prompt comes from <see cref="GenerationPrompt"/> (redacted),
/// and <see cref="GenerationService"/> gates the reply and asks for repairs. Timeouts, rate limits, server errors and
/// empty replies become <see cref="EngineUnavailableException"/>, on which the offline engine answers instead.
/// </summary>
public sealed class LlmEngine : IManifestEngine, IDisposable
{
    private readonly LlmSettings _settings;
    private readonly HttpClient _http;
    private readonly IChatCompletionService _chat;

    public LlmEngine(LlmSettings settings, HttpMessageHandler? handler = null)
    {
        _settings = settings;
        // Our own client: Semantic Kernel then turns off the SDK's retries, so a 429 falls back at once rather than
        // after minutes of backoff, and the timeout is ours.
        _http = new HttpClient(new AzureKeyHeader(settings, handler ?? new HttpClientHandler()), disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        var builder = Kernel.CreateBuilder();
        if (settings.Endpoint is { } endpoint)
        {
            builder.AddOpenAIChatCompletion(settings.Model, endpoint, settings.ApiKey ?? "none", httpClient: _http);
        }
        else
        {
            builder.AddOpenAIChatCompletion(settings.Model, settings.ApiKey ?? "none", httpClient: _http);
        }

        _chat = builder.Build().GetRequiredService<IChatCompletionService>();
    }

    public string Name => _settings.Provider;

    public async Task<EngineReply> GenerateAsync(EngineInput input, CancellationToken cancellationToken)
    {
        var prompt = GenerationPrompt.Build(input);
        var history = new ChatHistory(prompt.System);
        history.AddUserMessage(prompt.User);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_settings.Timeout);
        string? content;
        try
        {
            var reply = await _chat.GetChatMessageContentAsync(history, new OpenAIPromptExecutionSettings { Temperature = 0 }, cancellationToken: timeout.Token).ConfigureAwait(false);
            content = reply.Content;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EngineUnavailableException($"no answer within {_settings.Timeout.TotalSeconds:0} s");
        }
        catch (HttpOperationException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EngineUnavailableException(Describe(exception.StatusCode, exception.Message), exception);
        }
        catch (Exception exception) when (exception is HttpRequestException or KernelException or System.ClientModel.ClientResultException && !cancellationToken.IsCancellationRequested)
        {
            throw new EngineUnavailableException(exception.Message, exception);
        }

        var yaml = ReplyText.ExtractYaml(content);
        if (yaml.Length == 0)
        {
            throw new EngineUnavailableException("the reply held no text");
        }

        return new EngineReply(yaml, []);
    }

    private static string Describe(HttpStatusCode? status, string message) => status switch
    {
        HttpStatusCode.TooManyRequests => "rate limited (HTTP 429)",
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => $"the key was refused (HTTP {(int)status})",
        { } code when (int)code >= 500 => $"server error (HTTP {(int)code})",
        { } code => $"HTTP {(int)code}: {message}",
        null => message,
    };

    public void Dispose() => _http.Dispose();

    /// <summary>Azure OpenAI takes its key in an api-key header; the OpenAI client sends it as a bearer token.</summary>
    private sealed class AzureKeyHeader(LlmSettings settings, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (settings.Provider == "azure" && settings.ApiKey is { } key)
            {
                request.Headers.Remove("api-key");
                request.Headers.Add("api-key", key);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}

/// <summary>Reads YAML out of a model's reply: code fences and any prose around them removed.</summary>
public static class ReplyText
{
    public static string ExtractYaml(string? content)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            return string.Empty;
        }

        var text = content.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        var fence = text.IndexOf("```", StringComparison.Ordinal);
        if (fence >= 0)
        {
            var start = text.IndexOf('\n', fence);
            var end = start < 0 ? -1 : text.IndexOf("```", start, StringComparison.Ordinal);
            text = start < 0 ? string.Empty : end < 0 ? text[(start + 1)..] : text[(start + 1)..end];
        }

        else
        {
            // Prose before the documents ("Here are the manifests:") goes; the gate judges the rest.
            var lines = text.Split('\n');
            var first = Array.FindIndex(lines, l => l.StartsWith("apiVersion:", StringComparison.Ordinal) || l.StartsWith("kind:", StringComparison.Ordinal) || l.TrimEnd() == "---");
            text = first > 0 ? string.Join('\n', lines[first..]) : text;
        }

        text = text.Trim();
        return text.Length == 0 ? string.Empty : text + "\n";
    }
}

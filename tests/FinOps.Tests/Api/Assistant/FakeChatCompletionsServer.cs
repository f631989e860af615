using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace FinOps.Tests.Api.Assistant;

/// <summary>
/// A loopback HTTP server speaking the OpenAI chat-completions protocol (<c>POST /v1/chat/completions</c>),
/// replying with whatever <see cref="Reply"/> returns for the last user message. The assistant's real
/// OpenAI client (Microsoft.Extensions.AI.OpenAI) talks to it over HTTP, as to a self-hosted model.
/// </summary>
public sealed class FakeChatCompletionsServer : IAsyncDisposable
{
    private WebApplication? app;

    public ConcurrentQueue<(string? Authorization, JsonNode Body)> Requests { get; } = new();

    public Func<string, string> Reply { get; set; } = _ => "SELECT 'unanswerable' AS reason";

    /// <summary>Base address to configure as <c>Assistant:OpenAI:Endpoint</c>.</summary>
    public string Endpoint { get; private set; } = "";

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        app = builder.Build();
        app.MapPost("/v1/chat/completions", async (HttpContext ctx) =>
        {
            var body = (await JsonNode.ParseAsync(ctx.Request.Body))!;
            Requests.Enqueue((ctx.Request.Headers.Authorization.ToString(), body));
            var user = body["messages"]!.AsArray().Last(m => m!["role"]!.GetValue<string>() == "user")!;
            var content = user["content"] is JsonArray parts ? string.Concat(parts.Select(p => p!["text"]?.GetValue<string>())) : user["content"]!.GetValue<string>();
            var reply = new JsonObject
            {
                ["id"] = "chatcmpl-test",
                ["object"] = "chat.completion",
                ["created"] = 1_790_000_000,
                ["model"] = body["model"]!.GetValue<string>(),
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = Reply(content) },
                    ["finish_reason"] = "stop",
                }),
                ["usage"] = new JsonObject { ["prompt_tokens"] = 100, ["completion_tokens"] = 20, ["total_tokens"] = 120 },
            };
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(reply.ToJsonString(new JsonSerializerOptions()));
        });
        await app.StartAsync();
        Endpoint = app.Urls.First() + "/v1";
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }
}

using GitOpsAi.LanguageServer;

// gitops-ai language server: LSP over stdin/stdout. "--stdio" is accepted (and implied) for clients that pass it.
return await LanguageServerHost.RunAsync(Console.OpenStandardInput(), Console.OpenStandardOutput(), Console.Error);

-- Runs inside headless Neovim (0.7+): starts the GitOpsAi server with Neovim's built-in LSP client, opens a file,
-- waits for diagnostics and writes what Neovim received to a JSON file. Driven by NeovimTests.cs.
local server = os.getenv("GITOPSAI_SERVER_DLL")
local file = os.getenv("GITOPSAI_NVIM_FILE")
local out = os.getenv("GITOPSAI_NVIM_OUT")

vim.cmd("edit " .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()
vim.bo[bufnr].filetype = "yaml"

local client_id = vim.lsp.start_client({
  name = "gitops-ai",
  cmd = { "dotnet", server, "--stdio" },
  root_dir = vim.fn.fnamemodify(file, ":h"),
  settings = { gitopsAi = { validation = { schemas = true } } },
})
vim.lsp.buf_attach_client(bufnr, client_id)

local received = vim.wait(60000, function() return #vim.diagnostic.get(bufnr) > 0 end, 100)
local diagnostics = {}
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  local code = d.code
  if code == nil and d.user_data and d.user_data.lsp then code = d.user_data.lsp.code end
  table.insert(diagnostics, { lnum = d.lnum, col = d.col, severity = d.severity, message = d.message, code = code, source = d.source })
end

local handle = io.open(out, "w")
handle:write(vim.fn.json_encode({ received = received, client = vim.lsp.get_client_by_id(client_id) ~= nil, diagnostics = diagnostics }))
handle:close()
vim.lsp.stop_client(client_id)
vim.cmd("qa!")

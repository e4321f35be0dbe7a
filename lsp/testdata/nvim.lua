-- Drives Neovim's built-in LSP client against `zktree lsp`: opens the file
-- named by ZKTREE_FILE, waits for diagnostics, formats the buffer, fixes the
-- dangling link, asks for a definition and writes what happened to
-- ZKTREE_OUT. Works with Neovim 0.7 and later.
local bin, file, out = os.getenv('ZKTREE_BIN'), os.getenv('ZKTREE_FILE'), os.getenv('ZKTREE_OUT')
local lines = {}
local function say(s) table.insert(lines, s) end
local function finish()
  vim.fn.writefile(lines, out)
  vim.cmd('qall!')
end

vim.cmd('edit ' .. vim.fn.fnameescape(file))
vim.bo.filetype = 'zk'
local client = vim.lsp.start_client({
  name = 'zktree',
  cmd = { bin, 'lsp' },
  root_dir = vim.fn.fnamemodify(file, ':h'),
})
vim.lsp.buf_attach_client(0, client)

local arrived = vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 50)
if not arrived then
  say('no diagnostics')
  return finish()
end
for _, d in ipairs(vim.diagnostic.get(0)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or ''
  say(string.format('diagnostic %d:%d %s %s', d.lnum, d.col, code, d.message))
end

if vim.lsp.buf.format then
  vim.lsp.buf.format({ timeout_ms = 10000 })
else
  vim.lsp.buf.formatting_sync(nil, 10000)
end
say('formatted:')
for _, l in ipairs(vim.api.nvim_buf_get_lines(0, 0, -1, false)) do
  say(l)
end

-- Fix the typo in place (sent as an incremental change) and wait for the
-- diagnostic to go away.
local row = 1
local line = vim.api.nvim_buf_get_lines(0, row, row + 1, false)[1]
local col = line:find('mian', 1, true) - 1
vim.api.nvim_buf_set_text(0, row, col, row, col + 4, { 'main' })
local cleared = vim.wait(20000, function() return #vim.diagnostic.get(0) == 0 end, 50)
say(cleared and 'fixed: no diagnostics' or 'fixed: diagnostics remain')

-- Go to the definition of the link's last path element.
local params = {
  textDocument = { uri = vim.uri_from_bufnr(0) },
  position = { line = row, character = col + 1 },
}
local results = vim.lsp.buf_request_sync(0, 'textDocument/definition', params, 10000) or {}
for _, res in pairs(results) do
  for _, loc in ipairs(res.result or {}) do
    local r = loc.range
    say(string.format('definition %d:%d-%d:%d', r.start.line, r.start.character, r['end'].line, r['end'].character))
  end
end
finish()

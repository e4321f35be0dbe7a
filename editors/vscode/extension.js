// Starts `zktree lsp` for .zk files.
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration('zktree').get('path') || 'zktree';
  client = new LanguageClient(
    'zktree',
    'zktree',
    { command, args: ['lsp'] },
    // The server asks for the file events it needs (.zk files and
    // .zktree.yaml) itself.
    { documentSelector: [{ scheme: 'file', language: 'zk' }] },
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };

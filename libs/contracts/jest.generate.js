// Jest global set-up for the contracts tests: runs tools/contracts/generate.sh when
// libs/contracts/src/gen/ is missing or older than proto/, buf.yaml, buf.gen.yaml or the script,
// so the tests never pass against stale generated code.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const generated = path.join(__dirname, 'src/gen/index.ts');
const sources = ['proto', 'buf.yaml', 'buf.gen.yaml', 'tools/contracts/generate.sh'].map((source) => path.join(root, source));

function newestChange(file) {
  const stat = fs.statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(file).reduce((newest, entry) => Math.max(newest, newestChange(path.join(file, entry))), stat.mtimeMs);
}

module.exports = function generateContractsIfStale() {
  const generatedAt = fs.existsSync(generated) ? fs.statSync(generated).mtimeMs : 0;
  const sourcesChangedAt = Math.max(...sources.filter((source) => fs.existsSync(source)).map(newestChange));
  if (generatedAt >= sourcesChangedAt) return;
  execFileSync(path.join(root, 'tools/contracts/generate.sh'), { cwd: root, stdio: 'inherit' });
};

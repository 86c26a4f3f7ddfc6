import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { parseTopicManifest, TopicManifestError, type TopicManifest } from './topic-manifest';

export const DEFAULT_TOPIC_MANIFEST = 'infra/kafka/topics.yaml';

/** Parses and validates manifest YAML; syntax errors are reported with their line. */
export function parseTopicManifestYaml(yamlText: string, source = 'topic manifest'): TopicManifest {
  const document = parseDocument(yamlText, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new TopicManifestError(source, document.errors.map((e) => e.message.split('\n')[0]));
  }
  return parseTopicManifest(document.toJS(), source);
}

/**
 * Reads the topic manifest. A relative path is looked up from the working directory and then
 * from each directory above it, so tools work from the workspace root or any project in it.
 */
export function loadTopicManifest(path: string = DEFAULT_TOPIC_MANIFEST): TopicManifest {
  const file = locate(path);
  return parseTopicManifestYaml(readFileSync(file, 'utf8'), file);
}

function locate(path: string): string {
  if (isAbsolute(path)) {
    if (!existsSync(path)) throw new TopicManifestError(path, ['file not found']);
    return path;
  }
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    const candidate = join(dir, path);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) break;
  }
  throw new TopicManifestError(resolve(path), [`file not found in ${process.cwd()} or any directory above it`]);
}

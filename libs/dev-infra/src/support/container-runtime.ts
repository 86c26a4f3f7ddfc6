let runtimeAnswers: Promise<boolean> | undefined;

/**
 * Containers are used for Kafka and Postgres when a container runtime answers, unless
 * TRAININGHUBS_CONTAINERS is set to false/0/off/no/never (then local processes are used).
 */
export function containersAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  return !['false', '0', 'off', 'no', 'never'].includes((env.TRAININGHUBS_CONTAINERS ?? '').trim().toLowerCase());
}

/** Whether a Docker-compatible runtime answers (asked once per process; testcontainers is loaded lazily). */
export function containerRuntimeAvailable(): Promise<boolean> {
  runtimeAnswers ??= import('testcontainers')
    .then(({ getContainerRuntimeClient }) => getContainerRuntimeClient())
    .then(
      () => true,
      () => false,
    );
  return runtimeAnswers;
}

/** Both conditions: containers allowed (explicitly, else by the environment) and a runtime answering. */
export async function useContainers(env: NodeJS.ProcessEnv = process.env, allow?: boolean): Promise<boolean> {
  return (allow ?? containersAllowed(env)) && (await containerRuntimeAvailable());
}

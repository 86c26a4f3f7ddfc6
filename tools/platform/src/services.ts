import { join } from 'node:path';
import { findRepoRoot } from '@traininghubs/dev-infra';

/** The platform's services as the runner starts them: name, port, and the gateway's variable for its URL. */
export interface PlatformService {
  name: string;
  port: number;
  urlVariable?: string;
}

export const DOMAIN_SERVICES: PlatformService[] = [
  { name: 'hub-registry', port: 3001, urlVariable: 'HUB_REGISTRY_URL' },
  { name: 'training-catalogue', port: 3002, urlVariable: 'TRAINING_CATALOGUE_URL' },
  { name: 'placements', port: 3003, urlVariable: 'PLACEMENTS_URL' },
  { name: 'workforce-planning', port: 3004, urlVariable: 'WORKFORCE_PLANNING_URL' },
  { name: 'kpi-reporting', port: 3005, urlVariable: 'KPI_REPORTING_URL' },
];

export const GATEWAY: PlatformService = { name: 'gateway', port: 8080 };

/** The compiled entry point of a service (`npm run build` writes dist/). */
export function serviceEntryPoint(name: string): string {
  return join(findRepoRoot(), 'dist', 'services', name, 'src', 'main.js');
}

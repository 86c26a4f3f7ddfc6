import { IsInt, Matches, Max, Min } from 'class-validator';
import { ServiceEnvironment } from '@traininghubs/config';

const HTTP_URL = /^https?:\/\/[^\s/]+(:\d+)?(\/[^\s]*)?$/;
const URL_MESSAGE = { message: 'must be an http(s) URL' };

/** Environment of the gateway. It listens on GATEWAY_PORT (default 8080). */
export class GatewayEnvironment extends ServiceEnvironment {
  override PORT = 8080;
  override DATABASE_SCHEMA = 'gateway';

  @Matches(HTTP_URL, URL_MESSAGE)
  HUB_REGISTRY_URL = 'http://127.0.0.1:3001';

  @Matches(HTTP_URL, URL_MESSAGE)
  TRAINING_CATALOGUE_URL = 'http://127.0.0.1:3002';

  @Matches(HTTP_URL, URL_MESSAGE)
  PLACEMENTS_URL = 'http://127.0.0.1:3003';

  @Matches(HTTP_URL, URL_MESSAGE)
  WORKFORCE_PLANNING_URL = 'http://127.0.0.1:3004';

  @Matches(HTTP_URL, URL_MESSAGE)
  KPI_REPORTING_URL = 'http://127.0.0.1:3005';

  /** Per-call timeout for calls to the services (readiness, aggregated reads). */
  @IsInt()
  @Min(50)
  @Max(60_000)
  SERVICE_CALL_TIMEOUT_MS: number = 2_000;

  /** Timeout of a forwarded command or read (imports of large files take longer than reads). */
  @IsInt()
  @Min(100)
  @Max(600_000)
  PROXY_TIMEOUT_MS: number = 30_000;

  /** How long the gateway keeps a service's OpenAPI document before fetching it again. */
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  OPENAPI_CACHE_TTL_MS: number = 60_000;

  // Body limits: JSON_BODY_LIMIT_BYTES (1 MiB) and IMPORT_BODY_LIMIT_BYTES (25 MiB on import
  // routes), inherited from ServiceEnvironment and read by every service too, so the gateway and a
  // service accept and refuse the same bodies (libs/runtime/src/body).

  /** Requests one caller (token subject) may make in RATE_LIMIT_WINDOW_MS; health, metrics and docs are not counted. */
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  RATE_LIMIT_MAX: number = 1_200;

  @IsInt()
  @Min(1_000)
  @Max(3_600_000)
  RATE_LIMIT_WINDOW_MS: number = 60_000;

  /** The services the gateway fronts, by name. */
  get services(): Record<string, string> {
    return {
      'hub-registry': this.HUB_REGISTRY_URL,
      'training-catalogue': this.TRAINING_CATALOGUE_URL,
      placements: this.PLACEMENTS_URL,
      'workforce-planning': this.WORKFORCE_PLANNING_URL,
      'kpi-reporting': this.KPI_REPORTING_URL,
    };
  }
}

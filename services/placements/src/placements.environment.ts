import { ServiceEnvironment } from '@traininghubs/config';

/** Environment of the placements service. */
export class PlacementsEnvironment extends ServiceEnvironment {
  override PORT = 3003;
  override DATABASE_SCHEMA = 'placements';
}

import { ServiceEnvironment } from '@traininghubs/config';

/** Environment of the training-catalogue service. */
export class TrainingCatalogueEnvironment extends ServiceEnvironment {
  override PORT = 3002;
  override DATABASE_SCHEMA = 'training_catalogue';
}

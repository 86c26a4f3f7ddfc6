import { Column, DataSource, Entity, PrimaryColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { serviceDataSourceOptions } from '@traininghubs/persistence';
import { provisionTestSchema, type TestServiceSchema } from './database';

@Entity({ name: 'learning_environment' })
class LearningEnvironment {
  @PrimaryColumn({ name: 'ods_code', type: 'text' })
  odsCode!: string;

  @Column({ name: 'approved_learner_types', type: 'text', array: true })
  approvedLearnerTypes!: string[];
}

class CreateLearningEnvironment1763690000001 implements MigrationInterface {
  name = 'CreateLearningEnvironment1763690000001';
  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE learning_environment (ods_code text PRIMARY KEY, approved_learner_types text[] NOT NULL)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE learning_environment');
  }
}

// The harness gives a suite a service schema of its own; TypeORM runs migrations there and
// reads and writes as the service's role, exactly as a service does at start.
describe('TypeORM in a service schema provided by the harness', () => {
  let schema: TestServiceSchema;
  let dataSource: DataSource;

  beforeAll(async () => {
    schema = await provisionTestSchema('placements');
    dataSource = new DataSource(
      serviceDataSourceOptions({
        url: schema.url,
        schema: schema.schema,
        serviceName: 'placements-harness-test',
        entities: [LearningEnvironment],
        migrations: [CreateLearningEnvironment1763690000001],
      }),
    );
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await schema?.drop();
  });

  it('runs the migrations in the service schema, once', async () => {
    const applied = await dataSource.query(`SELECT name FROM ${schema.schema}.schema_migrations`);
    expect(applied).toEqual([{ name: 'CreateLearningEnvironment1763690000001' }]);
    expect(await dataSource.runMigrations()).toEqual([]);
  });

  it('writes and reads entities as the service role', async () => {
    await dataSource.getRepository(LearningEnvironment).save({ odsCode: 'B82005', approvedLearnerTypes: ['MEDICAL_STUDENT', 'STUDENT_NURSE'] });
    const found = await dataSource.getRepository(LearningEnvironment).findOneByOrFail({ odsCode: 'B82005' });
    expect(found.approvedLearnerTypes).toEqual(['MEDICAL_STUDENT', 'STUDENT_NURSE']);
    const [{ current_user: role, table_schema: where }] = await dataSource.query(
      "SELECT current_user, table_schema FROM information_schema.tables WHERE table_name = 'learning_environment'",
    );
    expect({ role, where }).toEqual({ role: schema.role, where: schema.schema });
  });
});

import { Module, type DynamicModule } from '@nestjs/common';
import { hubDirectoryEntities, hubDirectoryMigrations, HubDirectoryModule } from '@traininghubs/hub-directory';
import { ServiceRuntimeModule } from '@traininghubs/runtime';
import { ArrsPlanEntity } from './arrs-plans/arrs-plan.entity';
import { ArrsPlansController } from './arrs-plans/arrs-plans.controller';
import { ArrsPlansService } from './arrs-plans/arrs-plans.service';
import { ArrsRoleEntity } from './arrs-roles/arrs-role.entity';
import { ArrsRolesController } from './arrs-roles/arrs-roles.controller';
import { ArrsRolesService } from './arrs-roles/arrs-roles.service';
import { CreatePastActivityImports1764100000000 } from './past-activity/past-activity-imports.migration';
import { RecruitmentImportsController, RetentionImportsController } from './past-activity/past-activity-imports.controller';
import { PastActivityImportsService } from './past-activity/past-activity-imports.service';
import { CreateWorkforcePlanningSchema1763710000000 } from './persistence/workforce-planning-schema.migration';
import { RecruitmentsController, StaffInPostController } from './recruitments/recruitments.controller';
import { RecruitmentsService } from './recruitments/recruitments.service';
import { StaffPostEntity } from './recruitments/staff-post.entity';
import { RetentionController } from './retention/retention.controller';
import { RetentionService } from './retention/retention.service';
import { RetentionInterventionEntity } from './retention/retention-intervention.entity';
import { CreateWorkforceSnapshots1763790000000 } from './persistence/workforce-snapshots.migration';
import { CreatePracticeRegister1763950000000 } from './practice-register/practice-register.migration';
import { PracticeRegister } from './practice-register/practice-register';
import { SnapshotImportEntity } from './snapshots/snapshot-import.entity';
import { SnapshotImportsController } from './snapshots/snapshot-imports.controller';
import { SnapshotImportsService } from './snapshots/snapshot-imports.service';
import { SnapshotsController } from './snapshots/snapshots.controller';
import { SnapshotsService } from './snapshots/snapshots.service';
import { WorkforceSummaryService } from './snapshots/workforce-summary.service';
import type { WorkforcePlanningEnvironment } from './workforce-planning.environment';

/** Workforce snapshots, ARRS plans, recruitment and retention (one by one, or a hub's past activity imported from CSV); publishes the workforce events (staff and plan streams). */
@Module({})
export class WorkforcePlanningModule {
  static register(config: WorkforcePlanningEnvironment): DynamicModule {
    return {
      module: WorkforcePlanningModule,
      imports: [
        ServiceRuntimeModule.forRoot({
          serviceName: 'workforce-planning',
          config,
          entities: [...hubDirectoryEntities, ArrsRoleEntity, ArrsPlanEntity, StaffPostEntity, RetentionInterventionEntity, SnapshotImportEntity],
          migrations: [...hubDirectoryMigrations, CreateWorkforcePlanningSchema1763710000000, CreateWorkforceSnapshots1763790000000, CreatePracticeRegister1763950000000, CreatePastActivityImports1764100000000],
        }),
        HubDirectoryModule.forService('workforce-planning'),
      ],
      controllers: [ArrsRolesController, ArrsPlansController, RecruitmentsController, StaffInPostController, RetentionController, RecruitmentImportsController, RetentionImportsController, SnapshotImportsController, SnapshotsController],
      providers: [PracticeRegister, ArrsRolesService, ArrsPlansService, RecruitmentsService, RetentionService, SnapshotImportsService, SnapshotsService, WorkforceSummaryService, PastActivityImportsService],
    };
  }
}

import { Module, type DynamicModule } from '@nestjs/common';
import { hubDirectoryEntities, hubDirectoryMigrations, HubDirectoryModule } from '@traininghubs/hub-directory';
import { ServiceRuntimeModule } from '@traininghubs/runtime';
import { LearningEnvironmentEntity } from './learning-environments/learning-environment.entity';
import { LearningEnvironmentsController } from './learning-environments/learning-environments.controller';
import { LearningEnvironmentsService } from './learning-environments/learning-environments.service';
import { PlacementOccurrenceDays1764910000000 } from './persistence/placement-occurrence-days.migration';
import { CreatePlacementsSchema1763700000000 } from './persistence/placements-schema.migration';
import { PlacementCapacityController } from './placement-capacity/placement-capacity.controller';
import { PlacementCapacitySummary, PlacementCapacitySummaryController } from './placement-capacity/placement-capacity-summary.controller';
import { PlacementCapacityEntity } from './placement-capacity/placement-capacity.entity';
import { PlacementCapacityService } from './placement-capacity/placement-capacity.service';
import type { PlacementsEnvironment } from './placements.environment';
import { PlacementEntity } from './placements/placement.entity';
import { PlacementsController } from './placements/placements.controller';
import { PlacementsService } from './placements/placements.service';
import { SupervisorEntity } from './supervisors/supervisor.entity';
import { SupervisorsController } from './supervisors/supervisors.controller';
import { SupervisorsService } from './supervisors/supervisors.service';

/** Clinical placements in primary care: learning environments, supervisors, capacity and placements; publishes PlacementFilled. */
@Module({})
export class PlacementsModule {
  static register(config: PlacementsEnvironment): DynamicModule {
    return {
      module: PlacementsModule,
      imports: [
        ServiceRuntimeModule.forRoot({
          serviceName: 'placements',
          config,
          entities: [...hubDirectoryEntities, LearningEnvironmentEntity, SupervisorEntity, PlacementCapacityEntity, PlacementEntity],
          migrations: [...hubDirectoryMigrations, CreatePlacementsSchema1763700000000, PlacementOccurrenceDays1764910000000],
        }),
        HubDirectoryModule.forService('placements'),
      ],
      // The summary is declared before the capacity controller so `/placement-capacity/summary` is not read as an id.
      controllers: [LearningEnvironmentsController, SupervisorsController, PlacementCapacitySummaryController, PlacementCapacityController, PlacementsController],
      providers: [LearningEnvironmentsService, SupervisorsService, PlacementCapacityService, PlacementCapacitySummary, PlacementsService],
    };
  }
}

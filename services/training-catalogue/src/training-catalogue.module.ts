import { Module, type DynamicModule } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { hubDirectoryEntities, hubDirectoryMigrations, HubDirectoryModule } from '@traininghubs/hub-directory';
import { ServiceRuntimeModule } from '@traininghubs/runtime';
import { BookingEntity } from './bookings/booking.entity';
import { BookingsController } from './bookings/bookings.controller';
import { BookingsService } from './bookings/bookings.service';
import { CatalogueAccess } from './catalogue/catalogue-access';
import { systemClock, type Clock } from './catalogue/clock';
import { CourseEntity } from './courses/course.entity';
import { DeliveredSessionImportsController } from './delivered-session-imports/delivered-session-imports.controller';
import { DeliveredSessionImportsService } from './delivered-session-imports/delivered-session-imports.service';
import { CoursesController } from './courses/courses.controller';
import { CoursesService } from './courses/courses.service';
import { LearnerEntity } from './learners/learner.entity';
import { LearnersController } from './learners/learners.controller';
import { LearnersService } from './learners/learners.service';
import { CreateTrainingCatalogue1763700000000 } from './migrations/1763700000000-create-training-catalogue.migration';
import { LearnersBelongToAHub1764900000000 } from './migrations/1764900000000-learners-belong-to-a-hub.migration';
import { DeliveredSessionImports1765200000000 } from './migrations/1765200000000-delivered-session-imports.migration';
import { SessionEntity } from './sessions/session.entity';
import { SessionsController } from './sessions/sessions.controller';
import { SessionsService } from './sessions/sessions.service';
import { UpcomingSessions, UpcomingSessionsController } from './sessions/upcoming-sessions.controller';
import type { TrainingCatalogueEnvironment } from './training-catalogue.environment';
import { CatalogueProblemsInterceptor } from './web/catalogue-problems.interceptor';
import { CLOCK } from './web/clock.provider';

export interface TrainingCatalogueOptions {
  /** Where "now" comes from; the system clock unless a test gives its own. */
  clock?: Clock;
}

/** What the hubs run and buy: courses, sessions, bookings, attendance and CPD; publishes CourseDelivered. */
@Module({})
export class TrainingCatalogueModule {
  static register(config: TrainingCatalogueEnvironment, options: TrainingCatalogueOptions = {}): DynamicModule {
    return {
      module: TrainingCatalogueModule,
      imports: [
        ServiceRuntimeModule.forRoot({
          serviceName: 'training-catalogue',
          config,
          entities: [...hubDirectoryEntities, CourseEntity, SessionEntity, LearnerEntity, BookingEntity],
          migrations: [...hubDirectoryMigrations, CreateTrainingCatalogue1763700000000, LearnersBelongToAHub1764900000000, DeliveredSessionImports1765200000000],
        }),
        HubDirectoryModule.forService('training-catalogue'),
      ],
      // The imports' routes (courses/delivered-session-imports/…) before the courses' own (courses/:courseId).
      controllers: [DeliveredSessionImportsController, CoursesController, UpcomingSessionsController, SessionsController, BookingsController, LearnersController],
      providers: [
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        { provide: APP_INTERCEPTOR, useClass: CatalogueProblemsInterceptor },
        CatalogueAccess,
        CoursesService,
        SessionsService,
        UpcomingSessions,
        BookingsService,
        LearnersService,
        DeliveredSessionImportsService,
      ],
    };
  }
}

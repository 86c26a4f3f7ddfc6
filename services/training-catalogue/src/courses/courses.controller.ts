import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, type Caller } from '@traininghubs/auth';
import { CourseQuery, CourseView, NewCourseDto } from './course.dto';
import { courseView } from './course.view';
import { CoursesService } from './courses.service';
import { IdParam } from '@traininghubs/runtime';

@ApiTags('courses')
@ApiBearerAuth()
@Controller('api/v1/courses')
export class CoursesController {
  constructor(private readonly courses: CoursesService) {}

  @Post()
  @ApiOperation({ summary: "Add a course to a hub's catalogue (hub admins: their own hub only)" })
  @ApiCreatedResponse({ type: CourseView })
  create(@CurrentCaller() caller: Caller, @Body() body: NewCourseDto): Promise<CourseView> {
    return this.courses.create(caller, body);
  }

  @Get()
  @ApiOperation({ summary: 'Courses in your scope, filtered by hub, KPI area, profession, format and session dates' })
  list(@CurrentCaller() caller: Caller, @Query() query: CourseQuery) {
    return this.courses.list(caller, query);
  }

  @Get(':courseId')
  @ApiOkResponse({ type: CourseView })
  async read(@CurrentCaller() caller: Caller, @IdParam('courseId') courseId: string): Promise<CourseView> {
    return courseView(await this.courses.find(caller, courseId));
  }
}

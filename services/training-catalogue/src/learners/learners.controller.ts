import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, type Caller } from '@traininghubs/auth';
import { LearnerView, NewLearnerDto } from './learner.dto';
import { LearnersService } from './learners.service';
import { IdParam } from '@traininghubs/runtime';

@ApiTags('learners')
@ApiBearerAuth()
@Controller('api/v1/learners')
export class LearnersController {
  constructor(private readonly learners: LearnersService) {}

  @Post()
  @ApiOperation({ summary: 'Register a learner (idempotent by e-mail: the same person keeps one stable id)' })
  @ApiCreatedResponse({ type: LearnerView })
  register(@CurrentCaller() caller: Caller, @Body() body: NewLearnerDto): Promise<LearnerView> {
    return this.learners.register(caller, body);
  }

  @Get(':learnerId/cpd-record')
  @ApiOperation({ summary: "A learner's CPD: hours, and hours and credits by scheme, from sessions of hubs in your scope" })
  cpdRecord(@CurrentCaller() caller: Caller, @IdParam('learnerId') learnerId: string) {
    return this.learners.cpdRecord(caller, learnerId);
  }

  @Get(':learnerId/certificates/:sessionId')
  @ApiOperation({ summary: 'Certificate of attendance for a delivered session the learner attended' })
  certificate(
    @CurrentCaller() caller: Caller,
    @IdParam('learnerId') learnerId: string,
    @IdParam('sessionId') sessionId: string,
  ) {
    return this.learners.certificate(caller, learnerId, sessionId);
  }
}

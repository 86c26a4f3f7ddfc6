import { ArrsRole, Profession, RecruitmentRoute, StaffGroup } from '@traininghubs/contracts';
import { staffRecruitedMessage } from './recruitments.service';
import { StaffPostEntity } from './staff-post.entity';

describe('StaffRecruited', () => {
  it('describes a non-GP recruit by pseudonymous id, group, profession, ARRS role, route, employer, start and WTE', () => {
    const post = Object.assign(new StaffPostEntity(), {
      staffId: '3f2b8c1a-5d6e-4f70-8a9b-0c1d2e3f4a5b',
      hubId: '0b9c8f52-4f6f-4c59-9f43-2a3f8d9a1e01',
      icbCode: 'QOX',
      staffGroup: 'DIRECT_PATIENT_CARE',
      profession: 'PHARMACIST',
      gpRole: null,
      arrsRole: 'CLINICAL_PHARMACIST',
      route: 'INTERNATIONAL',
      practiceOdsCode: null,
      pcnOdsCode: 'U83547',
      startedOn: '2025-05-01',
      fteHundredths: 80,
    });
    expect(staffRecruitedMessage(post)).toMatchObject({
      staffId: post.staffId,
      staffGroup: StaffGroup.DIRECT_PATIENT_CARE,
      profession: Profession.PHARMACIST,
      arrsRole: ArrsRole.CLINICAL_PHARMACIST,
      route: RecruitmentRoute.INTERNATIONAL,
      practiceOdsCode: '',
      pcnOdsCode: 'U83547',
      startDate: { year: 2025, month: 5, day: 1 },
      wteHundredths: 80,
    });
  });
});

/** Staff events, keyed by the pseudonymous staff id. */
export const STAFF_TOPIC = 'traininghubs.workforce.staff.v1';
/** Plan and snapshot events, keyed by the PCN's ODS code. */
export const PLAN_TOPIC = 'traininghubs.workforce.plan.v1';

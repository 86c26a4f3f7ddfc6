import { Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';

/**
 * A record's id from the path (`/api/v1/hubs/{hubId}`): a uuid, or 400 problem+json before the
 * handler runs; declared `format: uuid` in the service's OpenAPI document. The one way a route
 * takes an id.
 */
export function IdParam(name: string): ParameterDecorator {
  return (target, key, index) => {
    Param(name, ParseUUIDPipe)(target, key, index);
    const descriptor = key === undefined ? undefined : Object.getOwnPropertyDescriptor(target, key);
    if (key !== undefined && descriptor) ApiParam({ name, type: String, format: 'uuid', required: true })(target, key, descriptor);
  };
}

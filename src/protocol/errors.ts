/**
 * Errors that cross the wire. Anything thrown inside a request that is not a `ServiceError` becomes
 * `ServiceFailureException` (500) in the serializer, with no internals exposed.
 */
export class ServiceError extends Error {
  /**
   * @param type the error shape name (`BadRequestException`), sent as `x-amzn-ErrorType`
   * @param status HTTP status for errors that the model does not describe (front-door errors);
   *               modelled errors take theirs from the model.
   * @param headers extra response headers, e.g. `retry-after` of a throttled request (lower-case names)
   * @param members values of the error shape's modelled members (headers, status code, body), by member name;
   *                `Message` and `Code` are filled in from `message` and the type where the shape has them
   * @example throw new ServiceError('NotFoundException', 'No order with id 6f1c…');
   */
  constructor(
    readonly type: string,
    message: string,
    readonly status?: number,
    readonly headers?: Readonly<Record<string, string>>,
    readonly members?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = type;
  }
}

/** Shorthand for the most common modelled error. */
export function badRequest(message: string): ServiceError {
  return new ServiceError('BadRequestException', message);
}

import { z } from 'zod';
import { operatorSubscription } from './operator';

/** The API gateway: 3scale and its operator (design step 3). */
export const gateway = z.strictObject({
  /** The 3scale operator installed through OLM; Products, Backends and APIcast live in its namespace. */
  operator: operatorSubscription,
});

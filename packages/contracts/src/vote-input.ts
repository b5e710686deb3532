/** The vote request body. */
import * as z from 'zod/mini';

import { OptionId } from './common.js';


export const VoteRequest = z.object({
  choices: z.array(OptionId).check(
    z.minLength(1),
    z.maxLength(50),
    z.refine((c) => new Set(c).size === c.length, 'choices must not repeat an option'),
  ),
  /** Signed voter token (JWT) from the host site's login, for `verified` polls. */
  voterToken: z.optional(z.string().check(z.minLength(1), z.maxLength(8192))),
  /** Random device id kept by the widget, for `anonymous` polls. */
  deviceId: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{16,128}$/))),
});
export type VoteRequest = z.infer<typeof VoteRequest>;


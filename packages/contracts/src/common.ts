/** Building blocks shared by the resource schemas. */
import './zod-config.js';
import * as z from 'zod/mini';

/** Trimmed, non-empty, bounded text; NUL is refused (PostgreSQL text cannot hold it). */
export const text = (max: number) =>
  z.string().check(z.trim(), z.minLength(1), z.maxLength(max), z.regex(/^[^\u0000]*$/, 'must not contain NUL characters'));

/** Korean is required (the service's first language); English is optional but recommended. */
export const LocalizedText = z.object({
  ko: text(2000),
  en: z.optional(text(2000)),
});
export type LocalizedText = z.infer<typeof LocalizedText>;

export const Timestamp = z.iso.datetime({ offset: true });

export const SiteId = z.string().check(z.regex(/^site_[A-Za-z0-9]{8,40}$/));
export const PollId = z.string().check(z.regex(/^poll_[A-Za-z0-9]{8,40}$/));
export const OptionId = z.string().check(z.regex(/^[a-z0-9][a-z0-9_-]{0,31}$/));


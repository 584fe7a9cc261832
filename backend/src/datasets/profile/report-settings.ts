import { qualityReportOptionsSchema } from '@scorebridge/shared';
import type { z } from 'zod';

/** The quality report's options with every default filled in. */
export type ReportSettings = z.output<typeof qualityReportOptionsSchema>;

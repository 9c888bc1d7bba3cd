import { InitialSchema1795862670069 } from './1795862670069-InitialSchema.js';

/** Every migration, oldest first. Imported explicitly so bundling and ESM need no glob. */
export const MIGRATIONS = [InitialSchema1795862670069];

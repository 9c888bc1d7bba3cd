/** Data source for the TypeORM CLI (`npm run migration:*`). */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { databaseConfig } from '../config/database.config.js';
import { dataSourceOptions } from './data-source-options.js';

export default new DataSource({
  ...dataSourceOptions(databaseConfig(process.env), 'command'),
  migrationsRun: false,
});

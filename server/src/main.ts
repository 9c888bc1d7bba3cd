import { createResponseApp, startResponseApp } from '@response/nest';
import { AppModule } from './app.module.js';

await startResponseApp(await createResponseApp(AppModule));

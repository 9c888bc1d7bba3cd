import { Module } from '@nestjs/common';
import { ResponseModule } from '@response/nest';

/** The reference host app: Response and nothing else. Add your own modules and plug-ins here. */
@Module({ imports: [ResponseModule.forRoot()] })
export class AppModule {}

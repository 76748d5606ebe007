import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { SessionsController } from '../sessions/sessions.controller';
import { SessionsRepository } from '../sessions/sessions.repository';
import { SessionsService } from '../sessions/sessions.service';
import { Clock } from './clock';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/** People and their sign-in sessions (one module: a session is a person's). */
@Module({
  imports: [AuditModule],
  controllers: [SessionsController, UsersController],
  providers: [UsersService, UsersRepository, SessionsService, SessionsRepository, Clock],
  exports: [UsersService, SessionsService, Clock],
})
export class UsersModule {}

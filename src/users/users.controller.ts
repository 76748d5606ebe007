import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Req,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiKeyProtected, RequiresRole } from '../auth/auth.decorators';
import { PageQueryDto } from '../pagination/page-query.dto';
import { ApiProblemResponses } from '../problem/api-problem-responses.decorator';
import { MySessionListDto } from '../sessions/dto/session.dto';
import { ownOrigin } from '../sessions/session-cookie';
import { SessionsService } from '../sessions/sessions.service';
import { UuidParamPipe } from '../validation/uuid-param.pipe';
import {
  ChangePasswordDto,
  CreatedUserDto,
  CreateUserDto,
  PasswordLinkDto,
  UpdateUserDto,
  UserDto,
  UserListDto,
} from './dto/user.dto';
import type { OneTimeLink } from './users.service';
import { UsersService } from './users.service';

function passwordLink(request: FastifyRequest, link: OneTimeLink): PasswordLinkDto {
  return {
    setPasswordUrl: `${ownOrigin(request)}/set-password?token=${link.token}`,
    setPasswordExpiresAt: link.expiresAt,
  };
}

@ApiTags('People')
@ApiKeyProtected()
@Controller('api/v1/users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
  ) {}

  @Get()
  @RequiresRole('admin')
  @ApiOperation({
    operationId: 'listUsers',
    summary: 'List people (admin)',
    description: 'Everyone who can sign in, by email.',
  })
  @ApiProblemResponses(400)
  async list(@Query() query: PageQueryDto): Promise<UserListDto> {
    const page = await this.users.list(query.limit, query.cursor);
    return { data: page.data.map((user) => UserDto.from(user)), nextCursor: page.nextCursor };
  }

  @Post()
  @RequiresRole('admin')
  @ApiOperation({
    operationId: 'createUser',
    summary: 'Add a person (admin)',
    description:
      'Adds a person with a role. With `password`, they can sign in at once; without it, the answer has a one-time set-password link (valid 72 h) to give them. 409 `user_email_taken` when the email is in use.',
  })
  @ApiProblemResponses(400, 409)
  async create(
    @Body() body: CreateUserDto,
    @Req() request: FastifyRequest,
  ): Promise<CreatedUserDto> {
    const { user, link } = await this.users.create(body);
    const shown = link
      ? passwordLink(request, link)
      : { setPasswordUrl: null, setPasswordExpiresAt: null };
    return { user: UserDto.from(user), ...shown };
  }

  @Put('me/password')
  @RequiresRole('viewer')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'changeMyPassword',
    summary: 'Change your own password',
    description:
      "Needs the current password; ends the person's other sessions. 400 when the current one is wrong or the new one breaks a rule.",
  })
  @ApiProblemResponses(400)
  async changeMyPassword(@Body() body: ChangePasswordDto): Promise<void> {
    await this.users.changeOwnPassword(body.currentPassword, body.newPassword);
  }

  @Get('me/sessions')
  @RequiresRole('viewer')
  @ApiOperation({
    operationId: 'listMySessions',
    summary: 'Your signed-in browsers',
    description: "The person's live sessions, newest use first; `current` marks this one.",
  })
  async mySessions(): Promise<MySessionListDto> {
    const sessions = await this.sessions.listOwn();
    return {
      data: sessions.map((s) => ({
        id: s.id,
        createdAt: s.createdAt,
        lastSeenAt: s.lastSeenAt,
        expiresAt: s.expiresAt,
        userAgent: s.userAgent,
        current: s.current,
      })),
    };
  }

  @Delete('me/sessions')
  @RequiresRole('viewer')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'revokeMyOtherSessions',
    summary: 'Sign out everywhere else',
    description: 'Ends every session of the person but this one.',
  })
  async revokeOthers(): Promise<void> {
    await this.sessions.revokeOtherOwn();
  }

  @Delete('me/sessions/:id')
  @RequiresRole('viewer')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'revokeMySession',
    summary: 'End one of your sessions',
    description: '404 `session_not_found` when it is not one of yours.',
  })
  @ApiProblemResponses(400, 404)
  async revokeOne(@Param('id', new UuidParamPipe()) id: string): Promise<void> {
    await this.sessions.revokeOwn(id);
  }

  @Patch(':id')
  @RequiresRole('admin')
  @ApiOperation({
    operationId: 'updateUser',
    summary: "Change a person's name or role (admin)",
    description: '409 `last_admin` when it would leave no active admin.',
  })
  @ApiProblemResponses(400, 404, 409)
  async update(
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: UpdateUserDto,
  ): Promise<UserDto> {
    return UserDto.from(await this.users.update(id, body));
  }

  @Post(':id/disable')
  @RequiresRole('admin')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'disableUser',
    summary: 'Disable a person; their sessions end at once (admin)',
    description: '409 `last_admin` for the last active admin.',
  })
  @ApiProblemResponses(400, 404, 409)
  async disable(@Param('id', new UuidParamPipe()) id: string): Promise<UserDto> {
    return UserDto.from(await this.users.disable(id));
  }

  @Post(':id/enable')
  @RequiresRole('admin')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'enableUser',
    summary: 'Enable a disabled person (admin)',
    description: 'They can sign in again.',
  })
  @ApiProblemResponses(400, 404)
  async enable(@Param('id', new UuidParamPipe()) id: string): Promise<UserDto> {
    return UserDto.from(await this.users.enable(id));
  }

  @Post(':id/password-link')
  @RequiresRole('admin')
  @ApiOperation({
    operationId: 'createPasswordLink',
    summary: 'A one-time link for a person to set a new password (admin)',
    description: 'Shown once, valid 72 h; using it ends their sessions.',
  })
  @ApiProblemResponses(400, 404)
  async passwordLink(
    @Param('id', new UuidParamPipe()) id: string,
    @Req() request: FastifyRequest,
  ): Promise<PasswordLinkDto> {
    return passwordLink(request, await this.users.createPasswordLink(id));
  }
}

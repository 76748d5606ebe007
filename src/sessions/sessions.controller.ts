import { Body, Controller, Delete, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeyProtected, Public, RequiresRole } from '../auth/auth.decorators';
import { ApiProblemResponses } from '../problem/api-problem-responses.decorator';
import { SetPasswordDto } from '../users/dto/user.dto';
import { UsersService } from '../users/users.service';
import { CompleteSetupDto, SessionDto, SetupStatusDto, SignInDto } from './dto/session.dto';
import { sessionProblems } from './session-problems';
import { clearedSessionCookie, isSameSiteRequest, sessionCookie } from './session-cookie';
import { type SignedIn, SessionsService } from './sessions.service';
import { AppConfig } from '../config/app-config';

@ApiTags('Sessions')
@Controller('api/v1')
export class SessionsController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly users: UsersService,
    private readonly config: AppConfig,
  ) {}

  @Post('session')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'signIn',
    summary: 'Sign in with email and password (sets the session cookie)',
    description:
      'Checks the email and password and starts a session: the answer sets an HttpOnly `cms_session` cookie (`__Host-cms_session` over HTTPS) that authenticates every later request from this browser. A wrong email and a wrong password get the same 401 `invalid_credentials`; too many failed sign-ins for the account or from the address get 429 `too_many_sign_in_attempts` with `Retry-After`.',
  })
  @ApiProblemResponses(400, 401, 403, 429)
  async signIn(
    @Body() body: SignInDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionDto> {
    this.refuseCrossSite(request);
    const signedIn = await this.sessions.signIn({
      email: body.email,
      password: body.password,
      address: request.ip,
      userAgent: request.headers['user-agent'],
    });
    return this.startCookie(request, reply, signedIn);
  }

  @Get('session')
  @ApiKeyProtected()
  @RequiresRole('viewer')
  @ApiOperation({
    operationId: 'getSession',
    summary: 'Who is signed in',
    description:
      'The signed-in person, their role and when the session ends. 401 when the cookie is missing, unknown or its session has ended (and for API keys, which have no session).',
  })
  async current(): Promise<SessionDto> {
    return SessionDto.from(await this.sessions.current());
  }

  @Delete('session')
  @ApiKeyProtected()
  @RequiresRole('viewer')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'signOut',
    summary: 'Sign out (ends this session, clears the cookie)',
    description:
      'Ends the session of the cookie and clears it. With an API key there is no session: nothing happens.',
  })
  async signOut(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.sessions.signOut();
    reply.header('set-cookie', clearedSessionCookie(request));
  }

  @Get('setup')
  @Public()
  @ApiOperation({
    operationId: 'getSetupStatus',
    summary: 'Whether the first admin is still to be created',
    description:
      'True while there is no user at all: the setup link printed at start-up creates the first admin.',
  })
  async setupStatus(): Promise<SetupStatusDto> {
    return { needed: await this.users.setupNeeded() };
  }

  @Post('setup')
  @Public()
  @ApiOperation({
    operationId: 'completeSetup',
    summary: 'Create the first admin from the setup link, and sign in',
    description:
      'Creates the first admin with the token of the one-time setup link printed at start-up (valid 24 h, once), and signs them in. 400 `setup_token_invalid` once used, expired, or when a user exists.',
  })
  @ApiProblemResponses(400, 403, 409)
  async completeSetup(
    @Body() body: CompleteSetupDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionDto> {
    this.refuseCrossSite(request);
    const user = await this.users.completeSetup(body);
    return this.startCookie(
      request,
      reply,
      await this.sessions.startSession(user, request.headers['user-agent']),
    );
  }

  @Post('password')
  @Public()
  @HttpCode(204)
  @ApiOperation({
    operationId: 'setPasswordWithToken',
    summary: 'Set a password from a one-time link',
    description:
      "Sets the password of the link's person (a new account's first password, or an admin's reset) and ends their sessions. 400 `password_token_invalid` once used or expired; 400 `validation_failed` when the password breaks a rule.",
  })
  @ApiProblemResponses(400, 403)
  async setPassword(@Body() body: SetPasswordDto, @Req() request: FastifyRequest): Promise<void> {
    this.refuseCrossSite(request);
    await this.users.setPasswordWithToken(body.token, body.password);
  }

  private startCookie(
    request: FastifyRequest,
    reply: FastifyReply,
    signedIn: SignedIn,
  ): SessionDto {
    const maxAge = Math.floor((signedIn.session.expiresAt.getTime() - Date.now()) / 1000);
    reply.header('set-cookie', sessionCookie(request, signedIn.token, Math.max(maxAge, 1)));
    return SessionDto.from(this.sessions.view(signedIn.user, signedIn.session));
  }

  /** No signing in from another site's form (login CSRF). */
  private refuseCrossSite(request: FastifyRequest): void {
    const site = request.headers['sec-fetch-site'];
    if (
      (site === 'cross-site' || site === 'same-site') &&
      !isSameSiteRequest(request, this.config.corsOrigins)
    ) {
      throw sessionProblems.crossSite.exception();
    }
  }
}

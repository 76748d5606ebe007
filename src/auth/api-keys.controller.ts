import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { ApiProblemResponses } from '../problem/api-problem-responses.decorator';
import { UuidParamPipe } from '../validation/uuid-param.pipe';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyProtected, RequiresRole } from './auth.decorators';
import { ApiKeyDto, ApiKeyListDto, CreatedApiKeyDto } from './dto/api-key.dto';
import { CreateApiKeyDto } from './dto/create-api-key.dto';

@ApiTags('API keys')
@ApiKeyProtected()
@RequiresRole('admin')
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  @ApiOperation({
    operationId: 'createApiKey',
    summary: 'Create an API key (shown once)',
    description:
      "Creates an API key with a role (admin: everything; manager: customers and work orders; viewer: read only). The key itself is in the response's `key` field and is shown only this once: only its hash is stored. Send an `Idempotency-Key` so a retry cannot create a second key.",
  })
  @ApiBody({
    type: CreateApiKeyDto,
    examples: {
      manager: {
        summary: 'A key for a shop-floor tablet',
        value: { name: 'shop-floor-tablet', role: 'manager' },
      },
      viewer: {
        summary: 'A read-only key for reporting',
        value: { name: 'monthly-report', role: 'viewer' },
      },
    },
  })
  @ApiProblemResponses(400, 409)
  @Idempotent()
  async create(@Body() body: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    const { apiKey, plainKey } = await this.apiKeys.create(body.name, body.role);
    return { ...ApiKeyDto.from(apiKey), key: plainKey };
  }

  @Get()
  @ApiOperation({
    operationId: 'listApiKeys',
    summary: 'List API keys (never the keys themselves)',
    description:
      'Every API key with its name, role, key prefix (to recognise it) and when it was created or revoked; never the keys themselves (role admin).',
  })
  async list(): Promise<ApiKeyListDto> {
    return { data: (await this.apiKeys.list()).map((key) => ApiKeyDto.from(key)) };
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'revokeApiKey',
    summary: 'Revoke an API key; it stops working at once',
    description:
      'Revokes a key (role admin): requests with it are refused with 401 from now on; revoking a revoked key returns it unchanged. 409 `last_admin_key`: it is the only active admin key, so create another admin key first. 404 `api_key_not_found`: no key has this id.',
  })
  @ApiProblemResponses(400, 404, 409)
  async revoke(@Param('id', new UuidParamPipe()) id: string): Promise<ApiKeyDto> {
    return ApiKeyDto.from(await this.apiKeys.revoke(id));
  }
}

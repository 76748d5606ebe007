import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
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
  @ApiOperation({ operationId: 'createApiKey', summary: 'Create an API key (shown once)' })
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
  })
  async list(): Promise<ApiKeyListDto> {
    return { data: (await this.apiKeys.list()).map((key) => ApiKeyDto.from(key)) };
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'revokeApiKey',
    summary: 'Revoke an API key; it stops working at once',
  })
  @ApiProblemResponses(400, 404, 409)
  async revoke(@Param('id', new UuidParamPipe()) id: string): Promise<ApiKeyDto> {
    return ApiKeyDto.from(await this.apiKeys.revoke(id));
  }
}

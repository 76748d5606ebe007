import { Controller, Get, Query } from '@nestjs/common';
import { ApiExtraModels, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyProtected, RequiresRole } from '../auth/auth.decorators';
import { ApiProblemResponses } from '../problem/api-problem-responses.decorator';
import { AuditService } from './audit.service';
import { AuditEntryDto, AuditPageDto, FieldChangeDto } from './dto/audit-entry.dto';
import { AuditQueryDto } from './dto/audit-query.dto';

@ApiTags('Audit')
@ApiExtraModels(FieldChangeDto)
@ApiKeyProtected()
@RequiresRole('admin')
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({
    operationId: 'listAuditEntries',
    summary: 'Query the audit trail, newest first',
    description:
      'The append-only trail of every change, newest first (role admin): who (`actor`, an API key id), what (`entityType`, `entityId`, `action`), when, and the fields that changed from what to what. Filters combine; `from` is inclusive and `to` exclusive. Page with `cursor` = the previous `nextCursor`.',
  })
  @ApiProblemResponses(400)
  async list(@Query() query: AuditQueryDto): Promise<AuditPageDto> {
    const { limit, cursor, actor, ...filter } = query;
    const page = await this.audit.list({ ...filter, actorKeyId: actor }, limit, cursor);
    return {
      data: page.data.map((entry) => AuditEntryDto.from(entry)),
      nextCursor: page.nextCursor,
    };
  }
}

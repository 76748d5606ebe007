import { Readable } from 'node:stream';
import {
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeyProtected, RequiresRole } from '../auth/auth.decorators';
import { AppConfig } from '../config/app-config';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { PageQueryDto } from '../pagination/page-query.dto';
import { ApiProblemResponses } from '../problem/api-problem-responses.decorator';
import { UuidParamPipe } from '../validation/uuid-param.pipe';
import { ImportErrorDto, ImportErrorPageDto } from './dto/import-error.dto';
import { ImportOptionsDto } from './dto/import-options.dto';
import { ImportDto, ImportPageDto } from './dto/import.dto';
import { ImportsService } from './imports.service';
import { readCsvUpload } from './multipart-upload';

@ApiTags('Imports')
@ApiKeyProtected()
@RequiresRole('admin')
@Controller('api/v1')
export class ImportsController {
  constructor(
    private readonly imports: ImportsService,
    private readonly config: AppConfig,
  ) {}

  @Post('customers/import')
  @HttpCode(202)
  @Idempotent({ pendingTimeoutSeconds: 600 })
  @ApiOperation({
    operationId: 'importCustomers',
    summary: 'Upload a customer CSV; it is imported in the background as a tracked job',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary', description: 'The CSV (UTF-8; , ; or tab)' },
        dryRun: { type: 'boolean' },
        onDuplicate: { type: 'string', enum: ['skip', 'update', 'error'] },
        mapping: { type: 'string', maxLength: 16384, description: 'JSON object: header → field' },
      },
    },
  })
  @ApiResponse({
    status: 202,
    type: ImportDto,
    description: 'The import job, queued',
    headers: {
      Location: { description: 'The job: GET it to follow progress', schema: { type: 'string' } },
    },
  })
  @ApiProblemResponses(400, 413, 415)
  async upload(
    @Query() query: ImportOptionsDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ImportDto> {
    const { file, fields } = await readCsvUpload(request, this.config.importMaxFileBytes);
    const started = await this.imports.start(file, await this.imports.options(query, fields));
    void reply.header('location', `/api/v1/imports/${started.id}`);
    return ImportDto.from(started);
  }

  @Get('imports')
  @ApiOperation({ operationId: 'listImports', summary: 'List import jobs, newest first' })
  @ApiProblemResponses(400)
  async list(@Query() query: PageQueryDto): Promise<ImportPageDto> {
    const page = await this.imports.list(query.limit, query.cursor);
    return { data: page.data.map((found) => ImportDto.from(found)), nextCursor: page.nextCursor };
  }

  @Get('imports/:id')
  @ApiOperation({ operationId: 'getImport', summary: 'An import job: status and counters' })
  @ApiProblemResponses(400, 404)
  async get(@Param('id', new UuidParamPipe()) id: string): Promise<ImportDto> {
    return ImportDto.from(await this.imports.get(id));
  }

  @Get('imports/:id/errors')
  @ApiOperation({ operationId: 'listImportErrors', summary: 'Why rows failed, in row order' })
  @ApiProblemResponses(400, 404)
  async errors(
    @Param('id', new UuidParamPipe()) id: string,
    @Query() query: PageQueryDto,
  ): Promise<ImportErrorPageDto> {
    const page = await this.imports.errors(id, query.limit, query.cursor);
    return { data: page.data.map((e) => ImportErrorDto.from(e)), nextCursor: page.nextCursor };
  }

  @Get('imports/:id/errors.csv')
  @ApiOperation({
    operationId: 'downloadImportErrors',
    summary: 'The failed rows as uploaded, plus an error column: fix them and upload again',
  })
  @ApiProduces('text/csv')
  @ApiResponse({
    status: 200,
    description: 'CSV',
    content: { 'text/csv': { schema: { type: 'string' } } },
  })
  @ApiProblemResponses(400, 404)
  async errorsCsv(@Param('id', new UuidParamPipe()) id: string): Promise<StreamableFile> {
    return new StreamableFile(Readable.from(await this.imports.failedRowsCsv(id)), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="import-${id}-errors.csv"`,
    });
  }

  @Post('imports/:id/cancel')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'cancelImport',
    summary: 'Stop a queued or running import (rows already written stay)',
  })
  @ApiProblemResponses(400, 404, 409)
  async cancel(@Param('id', new UuidParamPipe()) id: string): Promise<ImportDto> {
    return ImportDto.from(await this.imports.cancel(id));
  }
}

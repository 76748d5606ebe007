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
import { ApiProblem, ApiProblemResponses } from '../problem/api-problem-responses.decorator';
import { UuidParamPipe } from '../validation/uuid-param.pipe';
import { ImportErrorDto, ImportErrorPageDto } from './dto/import-error.dto';
import { ImportOptionsDto } from './dto/import-options.dto';
import { ImportDto, ImportPageDto } from './dto/import.dto';
import { ImportsService } from './imports.service';
import { digestCsvUpload, readCsvUpload } from './multipart-upload';
import { importProblems } from './import-problems';

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
  // The upload commits in short steps of its own (never one transaction over a network
  // upload); a retry's file is compared with the first one's by its digest.
  @Idempotent({
    pendingTimeoutSeconds: 600,
    sharedTransaction: false,
    streamedBody: digestCsvUpload,
  })
  @ApiProblem(importProblems.optionAfterFile)
  @ApiProblem(importProblems.mappingUnknownHeader)
  @ApiProblem(importProblems.malformedCsv)
  @ApiProblem(importProblems.headerCellTooLong)
  @ApiOperation({
    operationId: 'importCustomers',
    summary: 'Upload a customer CSV; it is imported in the background as a tracked job',
    description:
      'Uploads a customer CSV (UTF-8; comma, semicolon or tab separated; a header row naming the columns) as `multipart/form-data` with the file in the field `file` (role admin). The file is checked and stored, then imported in the background: the 202 returns the queued job, and `Location` is where to follow it. Options go in the query or as form fields before the file part (a form field wins over the query parameter of the same name); an option after the file is a 400 `import_option_after_file`, an unknown form field a 400 `validation_failed`. 400 `missing_required_columns`/`duplicate_columns`/`empty_file`/`malformed_csv`: fix the header or the file; 413: the file is over the size or row limit; 415: not multipart, or not a CSV.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: {
          type: 'string',
          format: 'binary',
          description:
            'The CSV (UTF-8; comma, semicolon or tab separated) with a header row. The last part: option fields after it are refused (400 `import_option_after_file`).',
        },
        dryRun: {
          type: 'boolean',
          description:
            'Validate and report what would happen, writing no customers. Before `file`; wins over the query parameter.',
          example: false,
        },
        onDuplicate: {
          type: 'string',
          enum: ['skip', 'update', 'error'],
          description:
            'What to do with a row whose email already belongs to a customer. Before `file`; wins over the query parameter.',
          example: 'skip',
        },
        mapping: {
          type: 'string',
          maxLength: 16384,
          description:
            'JSON object: header → customer field, for headers the built-in aliases do not know. Before `file`; wins over the query parameter.',
          example: '{"Firma":"companyName","Ansprechpartner":"contactName"}',
        },
      },
    },
    examples: {
      upload: {
        summary: 'A CSV, updating customers whose email exists',
        value: {
          onDuplicate: 'update',
          file: 'Company,Contact,Email,Phone\nThe Coffee House,John Smith,john@coffeehouse.com,555-0123\n',
        },
      },
      dryRunWithMapping: {
        summary: 'A trial run of a file with German headers',
        value: {
          dryRun: true,
          mapping: '{"Firma":"companyName","Ansprechpartner":"contactName","E-Mail":"email"}',
          file: 'Firma,Ansprechpartner,E-Mail\nRiverside Dental,Maria Garcia,maria@riversidedental.com\n',
        },
      },
    },
  })
  @ApiResponse({
    status: 202,
    type: ImportDto,
    description: 'The import job, queued',
    headers: {
      Location: {
        description: 'The job: GET it to follow progress',
        required: true,
        schema: { type: 'string', example: '/api/v1/imports/5b0e2c4e-0a7d-4a43-b7c9-1f0f4b8f6a21' },
      },
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
  @ApiOperation({
    operationId: 'listImports',
    summary: 'List import jobs, newest first',
    description:
      'Import jobs, newest first, with their status and counters (role admin). Page with `cursor` = the previous `nextCursor`.',
  })
  @ApiProblemResponses(400)
  async list(@Query() query: PageQueryDto): Promise<ImportPageDto> {
    const page = await this.imports.list(query.limit, query.cursor);
    return { data: page.data.map((found) => ImportDto.from(found)), nextCursor: page.nextCursor };
  }

  @Get('imports/:id')
  @ApiOperation({
    operationId: 'getImport',
    summary: 'An import job: status and counters',
    description:
      'One import job (role admin): its status (queued, processing, then completed, failed or cancelled) and its row counters; poll it to follow progress. 404 `import_not_found`: no import has this id.',
  })
  @ApiProblemResponses(400, 404)
  async get(@Param('id', new UuidParamPipe()) id: string): Promise<ImportDto> {
    return ImportDto.from(await this.imports.get(id));
  }

  @Get('imports/:id/errors')
  @ApiOperation({
    operationId: 'listImportErrors',
    summary: 'Why rows failed, in row order',
    description:
      'Why each failed row of an import was refused, in row order, field by field (role admin). Page with `cursor` = the previous `nextCursor`. 404 `import_not_found`: no import has this id.',
  })
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
    description:
      'The rows that failed, exactly as uploaded plus an `error` column, as a CSV download (role admin): correct them in a spreadsheet and upload the file again. 404 `import_not_found`: no import has this id.',
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
    description:
      'Stops a queued or processing import (role admin); rows already written stay, no further row is imported. 409 `import_finished`: the import has already completed, failed or been cancelled (its status is in `importStatus`). 404 `import_not_found`: no import has this id.',
  })
  @ApiProblemResponses(400, 404, 409)
  async cancel(@Param('id', new UuidParamPipe()) id: string): Promise<ImportDto> {
    return ImportDto.from(await this.imports.cancel(id));
  }
}

import { Readable } from 'node:stream';
import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiKeyProtected, RequiresRole } from '../auth/auth.decorators';
import { ApiProblemResponses } from '../problem/api-problem-responses.decorator';
import { CustomersExportService } from './customers-export.service';
import { CustomerExportQueryDto } from './dto/customer-export-query.dto';

@ApiTags('Imports')
@ApiKeyProtected()
@RequiresRole('admin')
@Controller('api/v1/customers')
export class CustomersExportController {
  constructor(private readonly exporter: CustomersExportService) {}

  @Get('export.csv')
  @ApiOperation({
    operationId: 'exportCustomers',
    summary: 'All customers matching the list filters, as CSV in the import format (streamed)',
    description:
      "Every customer matching the list filters and sort (`search`, `status`, `sort`), unpaged, streamed as a CSV download in the import format, so an export can be edited and imported again (role admin). Cells a spreadsheet would run as formulas are prefixed with `'`.",
  })
  @ApiProduces('text/csv')
  @ApiResponse({
    status: 200,
    description: "CSV; cells a spreadsheet would run as formulas are prefixed with `'`",
    content: { 'text/csv': { schema: { type: 'string' } } },
  })
  @ApiProblemResponses(400)
  export(@Query() query: CustomerExportQueryDto): StreamableFile {
    return new StreamableFile(Readable.from(this.exporter.lines(query)), {
      type: 'text/csv; charset=utf-8',
      disposition: 'attachment; filename="customers.csv"',
    });
  }
}

import { OmitType } from '@nestjs/swagger';
import { CustomerListQueryDto } from '../../customers/dto/customer-query.dto';

/** The customer list's filters and sort; the export has every matching customer, unpaged. */
export class CustomerExportQueryDto extends OmitType(CustomerListQueryDto, ['limit', 'cursor']) {}

import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../pagination/page-query.dto';
import { WORK_ORDER_STATUSES, type WorkOrderStatus } from '../work-order.entity';

export class WorkOrderListQueryDto extends PageQueryDto {
  @ApiProperty({ enum: WORK_ORDER_STATUSES, required: false })
  @IsOptional()
  @IsIn(WORK_ORDER_STATUSES)
  status?: WorkOrderStatus;
}

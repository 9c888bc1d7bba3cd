import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Paginated, UserDto } from '@response/contracts';
import { RequestUrl } from '../common/pagination.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@Controller('core/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'List known users (page-number pagination: ?page=&page_size=)' })
  list(
    @Query() query: Record<string, unknown>,
    @RequestUrl() url: URL,
  ): Promise<Paginated<UserDto>> {
    return this.users.listFromApi(query, url);
  }
}

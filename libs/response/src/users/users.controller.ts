import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Paginated, UserDto } from '@response/contracts';
import { NotFoundError } from '../common/errors.js';
import { pageNumberPage, parsePageNumber, RequestUrl } from '../common/pagination.js';
import { UserSerializer } from './user.serializer.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@Controller('core/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'List known users (page-number pagination: ?page=&page_size=)' })
  async list(
    @Query() query: Record<string, unknown>,
    @RequestUrl() url: URL,
  ): Promise<Paginated<UserDto>> {
    const page = parsePageNumber(query);
    const { count, users } = await this.users.list((page.page - 1) * page.pageSize, page.pageSize);
    if (page.page > 1 && users.length === 0) throw new NotFoundError('Page', page.page);
    return pageNumberPage(url, page, count, users.map(UserSerializer.toDto));
  }
}

import { Body, Controller, Module, Post, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiOperation, ApiProperty, ApiTags, getSchemaPath, swaggerWithNotesApplied } from './api-docs.js';

class PetDto {
  @ApiProperty({ description: 'What the pet answers to' })
  name!: string;
}

@ApiTags('pets')
@Controller('pets')
class PetsController {
  @Post()
  @ApiOperation({ summary: 'Adds a pet' })
  add(@Body() pet: PetDto): PetDto {
    return pet;
  }
}

@Module({ controllers: [PetsController] })
class PetsModule {}

describe('the API docs decorators', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(PetsModule, new FastifyAdapter(), { logger: false });
    await app.init();
  });
  afterAll(() => app.close());

  it('reach the document once Swagger is loaded, as Swagger’s own would', async () => {
    const { DocumentBuilder, SwaggerModule } = await swaggerWithNotesApplied();
    const doc = SwaggerModule.createDocument(app, new DocumentBuilder().build());
    expect(doc.paths['/pets']?.post).toMatchObject({ tags: ['pets'], summary: 'Adds a pet' });
    expect(doc.components?.schemas?.PetDto).toMatchObject({
      properties: { name: { type: 'string', description: 'What the pet answers to' } },
    });
  });

  it('apply at once when written after Swagger has loaded', async () => {
    const { DocumentBuilder, SwaggerModule } = await swaggerWithNotesApplied();
    class LateDto {
      @ApiProperty({ description: 'Written late' })
      when!: string;
    }
    const doc = SwaggerModule.createDocument(app, new DocumentBuilder().build(), { extraModels: [LateDto] });
    expect(doc.components?.schemas?.LateDto).toMatchObject({ properties: { when: { description: 'Written late' } } });
  });

  it('name a schema’s reference as Swagger does', async () => {
    const swagger = await swaggerWithNotesApplied();
    expect(getSchemaPath(PetDto)).toBe(swagger.getSchemaPath(PetDto));
    expect(getSchemaPath('PetDto')).toBe(swagger.getSchemaPath('PetDto'));
  });
});

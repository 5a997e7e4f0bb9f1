// Short names for the API's schemas (generated into api.d.ts from openapi.json).
import type { components } from './api';

type Schemas = components['schemas'];
export type Me = Schemas['Me'];
export type UserRef = Schemas['UserRef'];
export type Ticket = Schemas['TicketRead-Output'];
export type TicketPage = Schemas['TicketPage-Output'];
export type TicketCreate = Schemas['TicketCreate'];
export type TicketUpdate = Schemas['TicketUpdate'];
export type Comment = Schemas['CommentRead'];
export type CommentPage = Schemas['CommentList'];
export type Attachment = Schemas['AttachmentRead-Output'];
export type Notifications = Schemas['Notifications'];
export type TimelineEvent = Schemas['TimelineEvent'];
export type Timeline = Schemas['Timeline'];
export type ProfileUpdate = Schemas['ProfileUpdate'];
export type LoginResult = Schemas['LoginResult'];
export type Credentials = Schemas['Credentials'];
export type UserRead = Schemas['UserRead'];
export type UserPage = Schemas['UserPage'];
export type UserCreate = Schemas['UserCreate'];
export type UserUpdate = Schemas['UserUpdate'];
export type PasswordChange = Schemas['PasswordChange'];
export type SessionRenewed = Schemas['SessionRenewed'];
export type AuditEntry = Schemas['AuditRead'];
export type AuditPage = Schemas['AuditPage'];
export type Stats = Schemas['Stats'];
export type WeekCount = Schemas['WeekCount'];

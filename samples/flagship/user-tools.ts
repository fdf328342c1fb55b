import { Prompt, Resource, Service, Tool } from "../../lib/index.js";
import { UserRepository, type User } from "./user-repository.js";

@Service()
export class UserTools {
  constructor(private readonly users: UserRepository) {}

  @Tool({ name: "get_user", description: "Look up one user by id.", annotations: { readOnlyHint: true } })
  async getUser(id: string): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw new Error(`No user with id "${id}"`);
    return user;
  }

  @Tool({ name: "search_users", description: "Find users whose name contains the text.", annotations: { readOnlyHint: true } })
  async searchUsers(text: string, limit = 10): Promise<User[]> {
    return (await this.users.search(text)).slice(0, limit);
  }

  @Resource({ uriTemplate: "users://{id}", mimeType: "application/json", description: "One user as JSON." })
  async userResource(id: string): Promise<User | undefined> {
    return this.users.findById(id);
  }

  @Prompt({ description: "Ask the model to write a short profile of a user." })
  async profile(id: string): Promise<string> {
    return `Write a two-sentence profile of the user with id ${id}. Use the get_user tool to read their details.`;
  }
}

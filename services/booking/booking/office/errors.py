from plumbing.errors import ApiError, Conflict


class InvitationInvalid(ApiError):
    status_code = 400
    code = "invitation_invalid"
    message = "This invitation link is not valid, has expired or was used already."


class EmailInUse(Conflict):
    code = "email_in_use"
    message = "Someone with this email has a login already."


class LastOwner(Conflict):
    code = "last_owner"
    message = "A tenant keeps at least one active owner."


class StaffLoginNeedsStaff(ApiError):
    status_code = 400
    code = "staff_login_needs_staff"
    message = "A staff login belongs to one staff member: choose which."
